"""Spiders navigate; extraction lives in ``newscrawler.extract``."""
