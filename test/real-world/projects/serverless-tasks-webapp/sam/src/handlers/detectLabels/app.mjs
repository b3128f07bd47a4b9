// Paste code from workshop below this line

