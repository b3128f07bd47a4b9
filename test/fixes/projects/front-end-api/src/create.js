exports.handler = async (event) => {
  const payload = JSON.parse(event.body);
  return { statusCode: 200, body: String(payload.id) };
};
