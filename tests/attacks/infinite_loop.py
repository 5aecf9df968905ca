def make_model():
    while True:
        pass
