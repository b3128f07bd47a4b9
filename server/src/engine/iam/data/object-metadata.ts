/**
 * Deletes of an object's metadata rather than of its data: what a role that may already delete the
 * objects of a bucket (or is only meant to read them) adds with `s3:Delete*` beyond DeleteObject and
 * DeleteObjectVersion. Tag deletes have access level Tagging in the catalogue; annotation deletes are
 * Write but remove only the annotation. One entry per action, with its source. Pure data.
 */
export const OBJECT_METADATA_DELETES: readonly { readonly action: string; readonly source: string }[] = [
  { action: 's3:DeleteObjectTagging', source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjectTagging.html (removes the tag set of an object)' },
  { action: 's3:DeleteObjectVersionTagging', source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjectTagging.html (with a versionId: the tag set of one version)' },
  { action: 's3:DeleteObjectAnnotation', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html ("delete an annotation from an object")' },
  { action: 's3:DeleteObjectVersionAnnotation', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html ("delete an annotation from a specific version of an object")' },
];
