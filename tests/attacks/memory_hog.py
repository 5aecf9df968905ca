def make_model():
    hoard = []
    while True:
        hoard.append(bytearray(256 << 20))   # 256 MiB a time, each one touched
