"""Pure text functions: Arabic text, dates, bylines. Of newscrawler, imports only ``items``."""
