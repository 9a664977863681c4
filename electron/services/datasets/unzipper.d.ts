/** The part of unzipper (exceljs's own zip reader) used to read workbooks by random access. */
declare module 'unzipper' {
  import type { Readable } from 'node:stream';

  export interface File {
    path: string;
    type: 'Directory' | 'File';
    compressedSize: number;
    uncompressedSize: number;
    stream(password?: string): Readable;
  }

  export interface CentralDirectory {
    files: File[];
  }

  export const Open: {
    file(path: string): Promise<CentralDirectory>;
  };

  const unzipper: { Open: typeof Open };
  export default unzipper;
}
