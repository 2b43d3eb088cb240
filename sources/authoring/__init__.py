"""For provinces: the submission template and sample workbooks."""
