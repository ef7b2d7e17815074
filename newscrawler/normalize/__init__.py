"""Pure text functions: Arabic text, dates, bylines. Imports nothing else of newscrawler."""
