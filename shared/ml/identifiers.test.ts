import { describe, expect, it } from 'vitest';
import { identifierColumns } from './identifiers';

describe('identifier columns', () => {
  it('are the columns named id or ending in _id, in table order', () => {
    expect(identifierColumns(['x', 'customer_id', 'ID', 'paid', 'userid', 'Order_ID', 'id_card', 'valid'])).toEqual([
      'customer_id',
      'ID',
      'Order_ID',
    ]);
  });
});
