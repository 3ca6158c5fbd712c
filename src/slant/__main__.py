from slant.cli import main

main()
