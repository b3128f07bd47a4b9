export enum DocumentsEvents {
  SOURCE = "document.service",
  DOCUMENT_PROCESSED = "Document.Processed",
  DOCUMENT_REJECTED = "Document.Rejected",
}
