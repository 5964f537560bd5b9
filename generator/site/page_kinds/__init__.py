"""The kinds of page of the site, a module each: what its pages show (pages.Renderer lays them out)."""
