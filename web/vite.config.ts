import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The API runs on the same origin (the embedded stack serves both); in
// development, `vite` forwards /v1 to a running `pnpm start`.
export default defineConfig({
  plugins: [react()],
  build: { target: "es2022", sourcemap: true },
  server: { proxy: { "/v1": "http://127.0.0.1:3000", "/config.json": "http://127.0.0.1:3000" } },
});
