/** The parts of a multer in-memory upload the importers read. */
export interface UploadedSheet {
  buffer: Buffer;
  originalname: string;
  mimetype: string;
  size: number;
}
