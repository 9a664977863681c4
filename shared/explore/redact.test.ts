import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact';

describe('redactSecrets', () => {
  it('takes the key id, secret and session token out of CREATE SECRET', () => {
    const sql = `CREATE OR REPLACE PERSISTENT SECRET s3_prod (TYPE s3, KEY_ID 'AKIAEXAMPLE', SECRET 'wJalr''XUtn', SESSION_TOKEN 'FQoGZX', REGION 'eu-west-1')`;
    expect(redactSecrets(sql)).toBe(
      `CREATE OR REPLACE PERSISTENT SECRET s3_prod (TYPE s3, KEY_ID '***', SECRET '***', SESSION_TOKEN '***', REGION 'eu-west-1')`,
    );
  });

  it('takes passwords out of ATTACH connection strings and options', () => {
    expect(redactSecrets(`ATTACH 'host=db.local user=ana password=hunter2 dbname=shop' AS pg (TYPE postgres)`)).toBe(
      `ATTACH 'host=db.local user=ana password=*** dbname=shop' AS pg (TYPE postgres)`,
    );
    expect(redactSecrets(`ATTACH 'Server=x;Uid=ana;Pwd=s3cr3t;Database=y' AS m`)).toBe(`ATTACH 'Server=x;Uid=ana;Pwd=***;Database=y' AS m`);
    expect(redactSecrets(`ATTACH 'postgresql://ana:hunter2@db.local:5432/shop' AS pg`)).toBe(
      `ATTACH 'postgresql://ana:***@db.local:5432/shop' AS pg`,
    );
    expect(redactSecrets(`ATTACH 'md:shop?motherduck_token=eyJhbGc' AS md`)).toBe(`ATTACH 'md:shop?motherduck_token=***' AS md`);
    expect(redactSecrets(`ATTACH '' AS pg (TYPE postgres, HOST 'db', PASSWORD 'hunter2')`)).toBe(
      `ATTACH '' AS pg (TYPE postgres, HOST 'db', PASSWORD '***')`,
    );
    expect(redactSecrets(`CREATE SECRET (TYPE postgres, password 'p w')`)).toBe(`CREATE SECRET (TYPE postgres, password '***')`);
  });

  it('takes secrets out of settings', () => {
    expect(redactSecrets(`SET s3_secret_access_key='abc'; SET s3_access_key_id = 'AKIA'; SET s3_session_token='t'`)).toBe(
      `SET s3_secret_access_key='***'; SET s3_access_key_id = '***'; SET s3_session_token='***'`,
    );
  });

  it('leaves ordinary SQL alone', () => {
    const sql = `SELECT token_type, count(*) FROM events WHERE event_type = 'secret sale' AND url LIKE 'https://shop.example/%' GROUP BY 1`;
    expect(redactSecrets(sql)).toBe(sql);
  });
});
