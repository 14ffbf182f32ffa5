print("mentor-match")
