import { applyDecorators, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { contentDisposition, sanitizeFileName } from '../rectification/evidence-sniff.js';
import { DOCX_CONTENT_TYPE } from './official-document.js';

/** A built .docx as the response (controllers use `@Res({ passthrough: true })`). */
export function docxDownload(res: Response, name: string, bytes: Buffer): StreamableFile {
  res.setHeader('Content-Disposition', contentDisposition(`${sanitizeFileName(name).slice(0, 80)}.docx`));
  res.setHeader('Cache-Control', 'no-store');
  return new StreamableFile(bytes, { type: DOCX_CONTENT_TYPE, length: bytes.length });
}

/** OpenAPI for a route answering a Word document: 200 binary .docx, 403 role, 404 out of scope, 413 too large. */
export function ApiDocxDownload(summary: string, description: string) {
  return applyDecorators(
    ApiBearerAuth(),
    ApiOperation({ summary, description }),
    ApiProduces(DOCX_CONTENT_TYPE),
    ApiOkResponse({
      description: 'Word 文档（.docx），Content-Disposition 带中文文件名（RFC 5987 filename*）',
      content: { [DOCX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } },
    }),
    ApiForbiddenResponse({ description: '当前角色无权导出此文档' }),
    ApiNotFoundResponse({ description: '不存在或不在调用者范围内' }),
    ApiPayloadTooLargeResponse({ description: '文档超过大小上限' }),
  );
}
