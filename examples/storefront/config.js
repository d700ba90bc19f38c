// Where the shop's API is. `make storefront API_URL=...` (serve.py --api)
// answers /config.js itself with the URL it was given; this file is the
// default when the folder is served by any static server.
export const API_URL = "http://127.0.0.1:8000/api/v1";
