"""Demo data: the fictional Republic of Valdoria's recommendations, loaded by `rectrack demo`."""
