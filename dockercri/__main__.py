from dockercri.cli.main import main

main()
