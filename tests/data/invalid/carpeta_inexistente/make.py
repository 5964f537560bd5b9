"""The data folder is not there at all."""
import shutil


def make(data):
    shutil.rmtree(data)
