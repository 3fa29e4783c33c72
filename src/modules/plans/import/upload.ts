import { FileInterceptor } from '@nestjs/platform-express';
import type { UploadedSheet } from './uploaded-file.js';
import { DomainException, ErrorCode } from '../../../common/errors.js';
import { detectFormat, readCsv, readXlsx, SheetReadError, type ImportProblem, type SheetRow } from './sheet.js';

/** Largest sheet accepted for import; a 53-measure plan is ~15 KB, a large ledger well under 1 MB. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

/** Multer in memory with the size limit; Nest turns the limit into 413. */
export const SheetUploadInterceptor = FileInterceptor('file', { limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } });

export function importFailed(details: ImportProblem[], message?: string): DomainException {
  const first = details[0];
  return new DomainException(
    ErrorCode.ImportFailed,
    message ??
      `导入失败：共${details.length}处错误${first ? `，第${first.row}行${first.column ? `“${first.column}”列` : ''}：${first.message}` : ''}`,
    details,
  );
}

/**
 * The uploaded file's sheets as text rows: 400 without a file, 415 unless it is an .xlsx or a
 * CSV, IMPORT_FAILED when it cannot be read.
 */
export async function readUploadedSheets(file: UploadedSheet | undefined): Promise<{ sheets: SheetRow[][]; warnings: ImportProblem[] }> {
  if (!file || !file.buffer?.length) {
    throw new DomainException(ErrorCode.BadRequest, '请上传文件（表单字段 file）', [{ field: 'file', messages: ['file is required'] }]);
  }
  if (file.size > IMPORT_MAX_BYTES) throw new DomainException(ErrorCode.PayloadTooLarge, '上传文件过大');
  const format = detectFormat(file.buffer, file.originalname ?? '', file.mimetype ?? '');
  if (format === 'xls')
    throw new DomainException(ErrorCode.UnsupportedMediaType, '不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV（UTF-8）后上传');
  if (!format) throw new DomainException(ErrorCode.UnsupportedMediaType, '仅支持 .xlsx 或 .csv 文件');
  try {
    if (format === 'xlsx') return { sheets: await readXlsx(file.buffer), warnings: [] };
    const { rows, encoding } = readCsv(file.buffer);
    const warnings = encoding === 'utf-8' ? [] : [{ row: 0, column: '', message: 'CSV 不是 UTF-8 编码，已按 GB18030 读取' }];
    return { sheets: [rows], warnings };
  } catch (e) {
    if (e instanceof SheetReadError) throw importFailed([e.problem], e.problem.message);
    throw e;
  }
}
