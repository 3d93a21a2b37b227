"""Publishing the checked edition: transforms, pages, PDFs, search, chronology, exports,
and the checks of the built site."""
