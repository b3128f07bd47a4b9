module.exports = {
  env: {
    node: true
  },
  extends: 'standard',
  parserOptions: {
    ecmaVersion: 12,
    sourceType: 'module'
  },
  rules: {
    'standard/no-callback-literal': false
  }
}
