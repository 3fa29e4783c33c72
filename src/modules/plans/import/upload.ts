import { ConfigService } from '@nestjs/config';
import { FileInterceptor, MulterModule } from '@nestjs/platform-express';
import type { UploadedSheet } from './uploaded-file.js';
import { DomainException, ErrorCode } from '../../../common/errors.js';
import type { EnvironmentVariables } from '../../../config/env.validation.js';
import { IMPORT_ERRORS_LISTED, type ImportLimits } from './limits.js';
import { detectFormat, readCsv, SheetReadError, type ImportProblem, type SheetRow } from './sheet.js';
import { readXlsxSheets } from './xlsx-reader.js';

/**
 * Multer in memory, limited to IMPORT_MAX_BYTES: a bigger upload is cut off while it arrives
 * and answered 413 before anything reads it. Imported by each module with an import route.
 */
export const SheetUploadModule = MulterModule.registerAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService<EnvironmentVariables, true>) => ({
    limits: { fileSize: config.get('IMPORT_MAX_BYTES', { infer: true }), files: 1, fields: 10, parts: 11 },
  }),
});

/** The upload of a sheet in the form field `file`, with SheetUploadModule's limits. */
export const SheetUploadInterceptor = FileInterceptor('file');

/**
 * The first IMPORT_ERRORS_LISTED problems, with the total: `details` keeps its shape (a list of
 * `{row, column, message}`), `errorCount` and `truncated` say how many there were in all.
 */
export function problemList(code: ErrorCode, message: string, problems: ImportProblem[]): DomainException {
  return new DomainException(code, message, problems.slice(0, IMPORT_ERRORS_LISTED), {
    errorCount: problems.length,
    truncated: problems.length > IMPORT_ERRORS_LISTED,
  });
}

/** A successful import's warnings: the first IMPORT_ERRORS_LISTED, and how many there were. */
export function listedWarnings(warnings: ImportProblem[]): { warnings: ImportProblem[]; warningCount: number } {
  return { warnings: warnings.slice(0, IMPORT_ERRORS_LISTED), warningCount: warnings.length };
}

export function importFailed(problems: ImportProblem[], message?: string): DomainException {
  const first = problems[0];
  return problemList(
    ErrorCode.ImportFailed,
    message ??
      `导入失败：共${problems.length}处错误${first ? `，第${first.row}行${first.column ? `“${first.column}”列` : ''}：${first.message}` : ''}`,
    problems,
  );
}

/** A reading problem (damage or a cap) becomes IMPORT_FAILED naming it. */
async function* failingAsImport(sheets: AsyncIterable<SheetRow[]>): AsyncGenerator<SheetRow[]> {
  try {
    yield* sheets;
  } catch (e) {
    if (e instanceof SheetReadError) throw importFailed([e.problem], e.problem.message);
    throw e;
  }
}

export interface UploadedSheets {
  /** The worksheets in order, read one at a time when asked for: stop at the one you want. */
  sheets: AsyncIterable<SheetRow[]> | Iterable<SheetRow[]>;
  warnings: ImportProblem[];
}

/**
 * The uploaded file's sheets as text rows: 400 without a file, 413 above the size cap, 415 unless
 * it is an .xlsx or a CSV, IMPORT_FAILED when it cannot be read or breaks a cap (ImportLimits).
 */
export function readUploadedSheets(file: UploadedSheet | undefined, limits: ImportLimits): UploadedSheets {
  if (!file || !file.buffer?.length) {
    throw new DomainException(ErrorCode.BadRequest, '请上传文件（表单字段 file）', [{ field: 'file', messages: ['file is required'] }]);
  }
  if (file.size > limits.maxBytes || file.buffer.length > limits.maxBytes) {
    throw new DomainException(ErrorCode.PayloadTooLarge, `上传文件过大，超过 ${limits.maxBytes} 字节上限`);
  }
  const format = detectFormat(file.buffer, file.originalname ?? '', file.mimetype ?? '');
  if (format === 'xls')
    throw new DomainException(ErrorCode.UnsupportedMediaType, '不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV（UTF-8）后上传');
  if (!format) throw new DomainException(ErrorCode.UnsupportedMediaType, '仅支持 .xlsx 或 .csv 文件');
  if (format === 'xlsx') return { sheets: failingAsImport(readXlsxSheets(file.buffer, limits)), warnings: [] };
  try {
    const { rows, encoding } = readCsv(file.buffer, limits);
    const warnings = encoding === 'utf-8' ? [] : [{ row: 0, column: '', message: 'CSV 不是 UTF-8 编码，已按 GB18030 读取' }];
    return { sheets: [rows], warnings };
  } catch (e) {
    if (e instanceof SheetReadError) throw importFailed([e.problem], e.problem.message);
    throw e;
  }
}
