// Empty: the header-alone tests include one public header into it with -include.
