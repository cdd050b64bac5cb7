"""The wire: bytes to typed events (sse, accumulate, think), requests per dialect (protocol), the
HTTP client with retries and Stop (client), recorded streams (capture)."""
