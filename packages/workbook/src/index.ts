export { coalescedWrites } from './coalesced-writes';
export {
  type CellKind,
  type CellStyle,
  type CellValue,
  type Column,
  cellStyle,
  createWorkbookStream,
  PENDING_COMPRESSION,
  type SheetOptions,
  type SheetStream,
  type WorkbookStream,
  type WorkbookStreamOptions,
  YIELD_EVERY_ROWS,
} from './workbook-stream';
