"""Stage 1, receiving: list what arrived, keep it byte for byte, check limits, read each file in a worker process."""
