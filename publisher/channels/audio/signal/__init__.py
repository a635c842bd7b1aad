"""The audio signal: decoding speech, measuring and fitting loudness, encoding the MP3."""
