/**
 * postal-mime (the MIME parser behind the email() handler, ~24 KiB gzip): only an inbound
 * email needs it, so it is built to postal-mime.lazy.js and imported on first use through
 * worker/lazy.ts; a cold start for HTTP never parses it.
 */
export { default as PostalMime } from "postal-mime";
