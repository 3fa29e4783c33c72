import type { ConfigService } from '@nestjs/config';
import type { EnvironmentVariables } from '../../../config/env.validation.js';

/**
 * Hard caps on an uploaded sheet, checked before and while it is read so that a small hostile
 * file (a cell at a far address, a zip bomb, a million CSV rows) is refused in bounded memory.
 */
export interface ImportLimits {
  /** Largest upload (multer refuses with 413 above it, before the file is read). */
  maxBytes: number;
  /** xlsx: parts of the zip at most. */
  maxZipEntries: number;
  /** xlsx: bytes of all its parts once unpacked, declared in the zip and counted while inflating. */
  maxUnpackedBytes: number;
  /** xlsx: a part larger than 1 MiB unpacked may be at most this many times its packed size. */
  maxCompressionRatio: number;
  /** Rows per sheet: a row number beyond it holding a value is refused. */
  maxRows: number;
  /** Columns per sheet: a cell beyond this column holding a value is refused. */
  maxColumns: number;
  /** Non-empty cells per sheet (cells a merged value spans included); also the shared-string table's size. */
  maxCells: number;
  /** Characters in one cell (Excel's own limit is 32,767). */
  maxCellChars: number;
}

/** Parts above this size unpacked are checked against the compression ratio cap; small parts never matter. */
export const RATIO_CHECK_MIN_BYTES = 1024 * 1024;

/** Errors listed in an IMPORT_FAILED body; `errorCount` gives the total. */
export const IMPORT_ERRORS_LISTED = 100;

export function importLimitsFrom(config: ConfigService<EnvironmentVariables, true>): ImportLimits {
  const get = <K extends keyof EnvironmentVariables>(key: K) => config.get(key, { infer: true });
  return {
    maxBytes: get('IMPORT_MAX_BYTES'),
    maxZipEntries: get('IMPORT_MAX_ZIP_ENTRIES'),
    maxUnpackedBytes: get('IMPORT_MAX_UNPACKED_BYTES'),
    maxCompressionRatio: get('IMPORT_MAX_COMPRESSION_RATIO'),
    maxRows: get('IMPORT_MAX_ROWS'),
    maxColumns: get('IMPORT_MAX_COLUMNS'),
    maxCells: get('IMPORT_MAX_CELLS'),
    maxCellChars: get('IMPORT_MAX_CELL_CHARS'),
  };
}
