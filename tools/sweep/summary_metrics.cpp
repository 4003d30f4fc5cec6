// (being written this session)
