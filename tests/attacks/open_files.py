def make_model():
    handles = []
    while True:
        handles.append(open("/dev/null"))    # until the open-files limit says no
