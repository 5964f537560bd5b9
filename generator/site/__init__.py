"""The site, builder-neutral: pages, charts, explorer, downloads and feeds from the model."""
