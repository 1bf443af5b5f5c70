"""The judge service: wire models, the async client, SSE and JSONL decoding, typed errors."""
