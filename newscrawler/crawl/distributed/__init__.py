"""One crawl spread over many processes and machines, through Redis.

The writer (``newscrawler crawl URL… --redis URL``) seeds the shared frontier and is the only
process that writes the SQLite archive; workers (``newscrawler worker --redis URL``) take
requests from the frontier, fetch, extract and send finished rows back. Everything that talks
to Redis lives in this package, and nothing else in ``newscrawler.crawl`` imports it:

- ``connection``: the client, clear errors, the key names of a crawl;
- ``frontier``: scrapy-redis's scheduler, queue and dupefilter, configured through Scrapy
  settings, with a lease on every request a worker holds (a killed worker's go back);
- ``politeness``: per-site concurrency and delay across all workers;
- ``archived``: the "already archived?" set, kept in step with the archive by the writer;
- ``stream``: rows from workers to the writer (a stream with a consumer group);
- ``run``: the run's configuration, workers' heartbeats and stats, and when a run is done;
- ``spider``, ``worker``, ``writer``: the Scrapy components of each side.

See docs/scale.md.
"""
