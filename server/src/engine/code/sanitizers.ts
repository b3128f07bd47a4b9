/**
 * Sanitizer data: calls whose result no longer carries the attacker's control, by qualified name
 * (`mongodb.ObjectId`, `os.path.realpath`), one entry per call with where the behaviour is
 * documented. The interpreter (`models.ts`, `engine.ts`) reads these tables; adding a sanitizer is
 * adding a row.
 */

/**
 * Type casts: the result is a value of a fixed type (an ObjectId, a number), never an object with
 * query operators or a string with syntax, so it is clean for every sink. `Number`, `parseInt`,
 * `int`, … are in models.ts's JS_CLEAN / PY_CLEAN (same meaning).
 */
export const CAST_CALLS: ReadonlyMap<string, string> = new Map([
  // bson ObjectId: throws BSONError unless given 24 hex chars / 12 bytes (https://mongodb.github.io/node-mongodb-native/6.0/classes/BSON.ObjectId.html)
  ['mongodb.ObjectId', 'mongodb ObjectId'],
  ['mongodb.ObjectID', 'mongodb ObjectID'],
  ['bson.ObjectId', 'bson ObjectId'],
  ['bson.ObjectID', 'bson ObjectID'],
  ['mongoose.Types.ObjectId', 'mongoose ObjectId'],
  ['mongoose.mongo.ObjectId', 'mongoose ObjectId'],
  // PyMongo's bson: raises InvalidId unless 24 hex chars / 12 bytes (https://pymongo.readthedocs.io/en/stable/api/bson/objectid.html)
  ['bson.objectid.ObjectId', 'bson ObjectId'],
  ['bson.ObjectId', 'bson ObjectId'],
]);

/**
 * Calls that resolve a path to its canonical absolute form (`..` and, for realpath, symlinks
 * removed): a prefix / `commonpath` / `is_relative_to` check of the result against a base is a
 * containment check. Node: https://nodejs.org/api/fs.html#fsrealpathsyncpath-options,
 * https://nodejs.org/api/path.html#pathresolvepaths. Python:
 * https://docs.python.org/3/library/os.path.html#os.path.realpath (abspath/normpath normalise `..`).
 * `os.path.join` does not normalise: a `commonpath` check of a joined path proves nothing.
 */
export const JS_PATH_RESOLVERS: ReadonlySet<string> = new Set(['fs.realpathSync', 'fs.realpath', 'fs.promises.realpath', 'fs-extra.realpath', 'fs-extra.realpathSync', 'fs.realpathSync.native']);
export const PY_PATH_NORMALIZERS: ReadonlySet<string> = new Set(['os.path.realpath', 'os.path.abspath', 'os.path.normpath', 'posixpath.realpath', 'posixpath.abspath', 'posixpath.normpath']);

/** `os.path.commonpath([p, BASE]) == BASE`: the containment test of Python's docs (https://docs.python.org/3/library/os.path.html#os.path.commonpath). */
export const PY_COMMONPATH: ReadonlySet<string> = new Set(['os.path.commonpath', 'posixpath.commonpath']);

/**
 * DynamoDB typed attribute values of the low-level API (`{ S: value }`, `{'N': value}`): the value
 * under a scalar type tag is one attribute value (a string, number, binary, boolean, null or a set
 * of those), compared or stored as data. DynamoDB has no query operators inside attribute values
 * (conditions live in the expression strings, which stay sinks), so the value is not a NoSQL
 * injection. https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
 * `M` and `L` (nested maps / lists of typed values) are not listed: their contents are checked as they are.
 */
export const DDB_SCALAR_TYPE_TAGS: ReadonlySet<string> = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'SS', 'NS', 'BS']);

/**
 * ObjectId checks used as guards (`if (!ObjectId.isValid(id)) return 400`): a value that passes is
 * 24 hex characters (or 12 bytes), no operator object. Sources: bson ObjectId.isValid
 * (https://mongodb.github.io/node-mongodb-native/6.0/classes/BSON.ObjectId.html#isValid),
 * mongoose isValidObjectId (https://mongoosejs.com/docs/api/mongoose.html#Mongoose.prototype.isValidObjectId()),
 * PyMongo ObjectId.is_valid (https://pymongo.readthedocs.io/en/stable/api/bson/objectid.html).
 */
export const OBJECT_ID_CHECKS: readonly string[] = [
  'mongodb.ObjectId.isValid', 'mongodb.ObjectID.isValid', 'bson.ObjectId.isValid', 'mongoose.Types.ObjectId.isValid', 'mongoose.isValidObjectId', 'mongoose.isObjectIdOrHexString',
  'bson.objectid.ObjectId.is_valid', 'bson.ObjectId.is_valid',
];
