print("trainspotter")
