"""The national demo data set (`htx generate`): synthetic, deterministic, anchored on published figures."""
