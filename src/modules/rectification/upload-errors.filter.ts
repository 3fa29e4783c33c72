import { ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { AllExceptionsFilter } from '../../common/all-exceptions.filter.js';
import { ErrorCode } from '../../common/errors.js';

/**
 * On upload routes: multer's own errors (file too large, wrong field, too many files) come as
 * Nest HTTP exceptions with English messages; give them the Chinese body of the house.
 */
@Catch()
export class UploadErrorsFilter extends AllExceptionsFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    super.catch(exception, host);
  }

  override toBody(exception: unknown) {
    if (exception instanceof HttpException) {
      const status: number = exception.getStatus();
      if (status === 413) {
        return { statusCode: status, code: ErrorCode.PayloadTooLarge, message: '上传文件过大，超过系统允许的大小' };
      }
      if (status === 400 && /Unexpected field|Too many|Field name|Multipart/i.test(exception.message)) {
        return {
          statusCode: status,
          code: ErrorCode.BadRequest,
          message: '上传格式无效：请用字段 file 上传一个文件',
          details: [{ field: 'file', messages: [exception.message] }],
        };
      }
    }
    return super.toBody(exception);
  }
}
