/**
 * Enum CloudWatch Metric unit.
 * @readonly
 * @enum {String}
 */
exports.MetricUnit = Object.freeze({
  Seconds: 'Seconds',
  Microseconds: 'Microseconds',
  Milliseconds: 'Milliseconds',
  Bytes: 'Bytes',
  Kilobytes: 'Kilobytes',
  Megabytes: 'Megabytes',
  Gigabytes: 'Gigabytes',
  Terabytes: 'Terabytes',
  Bits: 'Bits',
  Kilobits: 'Kilobits',
  Megabits: 'Megabits',
  Gigabits: 'Gigabits',
  Terabits: 'Terabits',
  Percent: 'Percent',
  Count: 'Count',
  BytesPerSecond: 'Second',
  KilobytesPerSecond: 'Second',
  MegabytesPerSecond: 'Second',
  GigabytesPerSecond: 'Second',
  TerabytesPerSecond: 'Second',
  BitsPerSecond: 'Second',
  KilobitsPerSecond: 'Second',
  MegabitsPerSecond: 'Second',
  GigabitsPerSecond: 'Second',
  TerabitsPerSecond: 'Second',
  CountPerSecond: 'Second'
})
