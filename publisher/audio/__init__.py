"""Audio files: decoding, loudness, MP3 encoding, ID3 tags and chapters, transcripts, the podcast feed."""
