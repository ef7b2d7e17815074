"""Real services that tests stand up on 127.0.0.1 (see ``wordpress``)."""
