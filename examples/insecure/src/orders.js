const mysql = require('mysql2/promise');

const pool = mysql.createPool({
  host: process.env.DB_HOST,
  user: 'orders',
  password: process.env.DB_PASSWORD,
  database: 'orders',
});

module.exports.create = async (event) => {
  const order = JSON.parse(event.body);
  await pool.query(`INSERT INTO orders (customer, item) VALUES ('${order.customer}', '${order.item}')`);
  return { statusCode: 201, body: JSON.stringify({ ok: true }) };
};

module.exports.get = async (event) => {
  const id = event.pathParameters.id;
  const [rows] = await pool.query('SELECT * FROM orders WHERE id = ' + id);
  return { statusCode: 200, body: JSON.stringify(rows) };
};
