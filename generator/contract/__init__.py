"""The contract: the columns (schema), the finding codes and their texts, the site's addresses."""
