/** exceljs's stream reader on its own (requiring all of exceljs takes twice as long when a worker starts). */
declare module 'exceljs/lib/stream/xlsx/workbook-reader' {
  const WorkbookReader: new (input: string, options: Record<string, string>) => unknown;
  export default WorkbookReader;
}
