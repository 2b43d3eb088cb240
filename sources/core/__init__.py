"""What every stage shares: HTX_HOME and the writer lock, the contract, reference data, periods, Vietnamese
text, problems."""
