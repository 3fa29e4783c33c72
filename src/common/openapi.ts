import { applyDecorators } from '@nestjs/common';
import {
  ApiExtension,
  ApiOkResponse,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  getSchemaPath,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { ErrorCode } from './errors.js';

/** The one error body every 4xx/5xx carries (the global filter writes it). */
export class ErrorResponseDto {
  @ApiProperty({ example: 404 })
  statusCode: number;

  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode', example: ErrorCode.NotFound })
  code: ErrorCode;

  @ApiProperty({ description: '给用户看的中文说明', example: '整改事项不存在或无权访问' })
  message: string;

  @ApiPropertyOptional({
    description: '出错的细节，如校验失败时各字段的问题：[{ field, messages }]',
    oneOf: [{ type: 'array', items: { type: 'object' } }, { type: 'object' }],
  })
  details?: unknown;
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: '请求无效：参数或请求体不合规则（details 列出出错的字段），什么也没有写入',
  401: '未登录、令牌无效或已过期',
  403: '当前角色无权执行此操作，或须先修改密码（PASSWORD_CHANGE_REQUIRED）',
  404: '资源不存在，或不在调用者的范围内（二者看起来一样）',
  409: '冲突：不允许的状态流转、版本已过期或重复',
  413: '上传文件过大',
  415: '不支持的文件类型',
  429: '请求过于频繁，请稍后再试（带 Retry-After）',
  503: '服务暂不可用（数据库连接繁忙等），请稍后再试',
};

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503;

const ERRORS_EXTENSION = 'x-rectify-errors';

/**
 * The 4xx an operation can give beyond the ones every operation of its kind gets anyway (those are
 * added by `completeOperations`): e.g. `@ApiErrors(409)` for a lifecycle move. Carried as an
 * extension that `completeOperations` turns into responses, because an `@ApiResponse` here would
 * stop the Swagger plugin from adding the 2xx it reads from the method's return type.
 */
export function ApiErrors(...statuses: ErrorStatus[]): MethodDecorator {
  return applyDecorators(ApiExtension(ERRORS_EXTENSION, statuses));
}

/** The content types an uploaded file (evidence, a unit report's attachment) is served back with. */
export const UPLOAD_TYPES = ['application/octet-stream', 'application/pdf', 'image/jpeg', 'image/png'];

/** A download: its content types, each a binary body. */
export function ApiFile(description: string, ...types: string[]): MethodDecorator {
  return applyDecorators(
    ApiProduces(...types),
    ApiOkResponse({
      description,
      content: Object.fromEntries(types.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
    }),
  );
}

type Operation = {
  [ERRORS_EXTENSION]?: ErrorStatus[];
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  security?: Record<string, string[]>[];
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Rules that hold for every operation, written once instead of on each of them:
 * - a secured operation (bearer token or the pages' session cookie) answers 401 without a valid one,
 *   and 403 when the role may not (or a new password is due);
 * - one with parameters or a body answers 400 to invalid input (the global ValidationPipe);
 * - one with an `{id}` in its path answers 404 for an id not found or outside the caller's scope;
 * - an operation marked public gets an explicit empty security list.
 */
export function completeOperations(doc: OpenAPIObject): OpenAPIObject {
  const error = (status: number) => ({
    description: ERROR_DESCRIPTIONS[status],
    content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponseDto) } } },
  });
  doc.components = doc.components ?? {};
  doc.components.schemas = doc.components.schemas ?? {};
  // Some errors add fields beside `details` (a list's total when `details` is cut; /health's indicators).
  const errorSchema = doc.components.schemas[ErrorResponseDto.name] as { additionalProperties?: boolean } | undefined;
  if (errorSchema) errorSchema.additionalProperties = true;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const add = (status: number) => {
        op.responses[status] = op.responses[status] ?? error(status);
      };
      const secured = (op.security ?? []).length > 0;
      if (secured) {
        // The pages send the session cookie instead of the bearer token; either one is enough.
        // One order, however the decorators stacked (SWC and tsc apply some in different orders).
        op.security = [{ bearer: [] }, { cookie: [] }];
        add(401);
        add(403);
      } else {
        op.security = [];
      }
      if ((op.parameters ?? []).length > 0 || op.requestBody) add(400);
      if (/\{id\}/.test(path)) add(404);
      for (const status of op[ERRORS_EXTENSION] ?? []) add(status);
      delete op[ERRORS_EXTENSION];
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) >= 400 && !response.content) Object.assign(response, error(Number(status)));
      }
    }
  }
  return doc;
}
