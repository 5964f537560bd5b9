"""Generator of the transparency portal of the metas of the Servicio Profesional Electoral Nacional."""
