"""Scrapy: spiders (navigation only), pipelines, progress, and a runner for the CLI."""
