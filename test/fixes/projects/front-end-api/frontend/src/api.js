export async function createOrder(order) {
  const res = await fetch(`${process.env.REACT_APP_API_URL}/orders`, { method: 'POST', body: JSON.stringify(order) });
  return res.json();
}
