"""The model: validated rows → frozen records (metas with their history), then what is derived from them."""
