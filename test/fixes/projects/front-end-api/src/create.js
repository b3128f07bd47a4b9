exports.handler = async (event) => {
  const payload = JSON.parse(event.body);
  await fetch(process.env.ORDERS_URL, { method: 'POST', body: String(payload.id) });
  return { statusCode: 200, body: String(payload.id) };
};
